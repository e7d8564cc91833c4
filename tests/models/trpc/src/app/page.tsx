import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Journal</h1>
      <Link href="/write">Write a post</Link>
    </main>
  );
}
