export default function LoginPage() {
  return (
    <form action="/auth/login" method="post">
      <input name="email" type="email" required />
      <button type="submit">Send magic link</button>
    </form>
  );
}
