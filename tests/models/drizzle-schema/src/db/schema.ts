import { sql } from "drizzle-orm";
import { boolean, index, pgSchema, pgTable, pgTableCreator, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: varchar("email", { length: 255 }).notNull().unique(),
  fullName: text("full_name"),
  isAdmin: boolean("is_admin").default(false).notNull(),
});

export const teams = pgTable(
  "teams",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 100 }).notNull(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    createdAt: timestamp("created_at").defaultNow().notNull(),
  },
  (t) => [index("teams_owner_idx").on(t.ownerId)],
).enableRLS();

const createTable = pgTableCreator((name) => `acme_${name}`);

export const invitations = createTable("invitation", (d) => ({
  id: d.uuid().primaryKey().defaultRandom(),
  teamId: d.uuid("team_id").notNull(),
  email: d.varchar({ length: 255 }).notNull(),
  acceptedAt: d.timestamp("accepted_at"),
}));

const billing = pgSchema("billing");

export const subscriptions = billing.table("subscriptions", {
  id: text("id").primaryKey(),
  teamId: uuid("team_id").notNull(),
  status: text("status").default(sql`'trialing'`),
});
