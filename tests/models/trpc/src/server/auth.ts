import { getServerSession, type DefaultSession, type NextAuthOptions } from "next-auth";
import DiscordProvider from "next-auth/providers/discord";

declare module "next-auth" {
  interface Session extends DefaultSession {
    user: DefaultSession["user"] & { id: string; role: "user" | "admin" };
  }
}

export const authOptions: NextAuthOptions = {
  providers: [
    DiscordProvider({ clientId: process.env.DISCORD_CLIENT_ID!, clientSecret: process.env.DISCORD_CLIENT_SECRET! }),
  ],
};

export const getServerAuthSession = () => getServerSession(authOptions);
