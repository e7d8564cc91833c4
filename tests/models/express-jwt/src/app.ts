import express from "express";
import passport from "passport";
import "./auth/passport";
import apiRouter from "./routes/api";

const app = express();
app.use(express.json());
app.use(passport.initialize());

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.use("/api", apiRouter);

export default app;
