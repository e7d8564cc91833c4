export default function Login() {
  return (
    <form method="post" action="/api/session">
      <input name="email" />
      <input name="password" type="password" />
      <button>Sign in</button>
    </form>
  );
}
