import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Pinboard</h1>
      <p>Collect links with your team.</p>
      <Link href="/login">Sign in</Link>
    </main>
  );
}
