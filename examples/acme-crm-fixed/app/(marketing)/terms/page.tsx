export const metadata = { title: "Terms of service · Acme CRM" };

export default function Terms() {
  return (
    <main>
      <h1>Terms of service</h1>
      <p>By using Acme CRM you agree to use it lawfully and to keep your credentials private.</p>
    </main>
  );
}
