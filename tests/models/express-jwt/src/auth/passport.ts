import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import { prisma } from "../db";

passport.use(
  new JwtStrategy(
    { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET! },
    async (payload, done) => {
      const user = await prisma.user.findUnique({ where: { id: payload.sub } });
      return done(null, user ?? false);
    },
  ),
);
