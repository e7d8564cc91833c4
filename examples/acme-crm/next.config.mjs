/** @type {import('next').NextConfig} */
const nextConfig = {
  images: { remotePatterns: [{ hostname: "*.supabase.co" }] },
};

export default nextConfig;
