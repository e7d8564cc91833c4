import type { MetadataRoute } from "next";

export default function sitemap(): MetadataRoute.Sitemap {
  const base = "https://acme-crm.example";
  return ["", "/login", "/privacy", "/terms"].map((path) => ({ url: `${base}${path}` }));
}
