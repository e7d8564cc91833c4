import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { requireSession } from "@/lib/session";
import { createBoard } from "../actions/boards";

export default async function BoardsPage() {
  const session = await requireSession();
  const boards = await db.board.findMany({ where: { ownerId: session.user.id, archivedAt: null } });

  async function pinBoard(formData: FormData) {
    "use server";
    await db.board.update({ where: { id: String(formData.get("id")) }, data: { pinned: true } });
    revalidatePath("/boards");
  }

  return (
    <main>
      <form action={createBoard}>
        <input name="name" />
        <button>New board</button>
      </form>
      <ul>
        {boards.map((b) => (
          <li key={b.id}>
            {b.name}
            <form action={pinBoard}>
              <input type="hidden" name="id" value={b.id} />
              <button>Pin</button>
            </form>
          </li>
        ))}
      </ul>
    </main>
  );
}
