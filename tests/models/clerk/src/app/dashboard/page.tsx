import { auth } from "@clerk/nextjs/server";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { forms } from "@/db/schema";

export default async function Dashboard() {
  const { userId } = await auth();
  const mine = await db.select().from(forms).where(eq(forms.ownerId, userId!));
  return <ul>{mine.map((f) => <li key={f.id}>{f.title}</li>)}</ul>;
}
