import Link from "next/link";

export default function Landing() {
  return (
    <main>
      <h1>Sprintboard</h1>
      <Link href="/dashboard">Open your board</Link>
    </main>
  );
}
