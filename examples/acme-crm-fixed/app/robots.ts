import type { MetadataRoute } from "next";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: { userAgent: "*", allow: ["/", "/privacy", "/terms"], disallow: ["/dashboard", "/deals", "/api"] },
    sitemap: "https://acme-crm.example/sitemap.xml",
  };
}
