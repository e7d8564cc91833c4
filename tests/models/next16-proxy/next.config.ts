import type { NextConfig } from "next";

const config: NextConfig = { typedRoutes: true };

export default config;
