import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, text, uuid } from "drizzle-orm/pg-core";

export const projects = pgTable("projects", { id: uuid("id").primaryKey(), name: text("name"), ownerId: text("owner_id") });
export const apiKeys = pgTable("api_keys", { id: uuid("id").primaryKey(), hashedKey: text("hashed_key"), ownerId: text("owner_id") });
export const db = drizzle(process.env.DATABASE_URL!);
