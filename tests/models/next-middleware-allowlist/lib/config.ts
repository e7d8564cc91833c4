export const sessionStrategy: "jwt" | "database" =
  process.env.SESSION_STRATEGY === "database" ? "database" : "jwt";
