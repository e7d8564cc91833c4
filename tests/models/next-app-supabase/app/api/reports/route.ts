export { GET } from "@/lib/handlers/reports";
