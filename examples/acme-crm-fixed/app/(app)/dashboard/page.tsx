import { requireUserOrRedirect } from "@/lib/auth";
import { createDeal, resetPipeline } from "@/app/actions/deals";

export default async function Dashboard() {
  const user = await requireUserOrRedirect();
  return (
    <main>
      <h1>Pipeline for {user.email}</h1>
      <form action={createDeal}>
        <input name="title" placeholder="New deal" maxLength={200} required />
        <button type="submit">Add deal</button>
      </form>
      <form action={resetPipeline}>
        <button type="submit">Reset demo data</button>
      </form>
    </main>
  );
}
