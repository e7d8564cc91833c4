export default function LoginPage() {
  return (
    <form action="/auth/login" method="post">
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" required />
      <button type="submit">Send magic link</button>
    </form>
  );
}
