export const metadata = { title: "Privacy policy · Acme CRM" };

export default function Privacy() {
  return (
    <main>
      <h1>Privacy policy</h1>
      <p>
        We store your account, your organisation's deals and contacts, and usage needed to bill
        you. Delete your account from Settings at any time; an export of your data is available
        from the same page.
      </p>
    </main>
  );
}
