import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Acme CRM</h1>
      <p>The pipeline tool for small sales teams.</p>
      <Link href="/login">Sign in</Link>
      <footer>
        <Link href="/terms">Terms</Link> · <Link href="/privacy">Privacy</Link>
      </footer>
    </main>
  );
}
