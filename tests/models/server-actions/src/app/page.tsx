import { joinNewsletter } from "./actions/newsletter";

export default function Landing() {
  return (
    <form action={joinNewsletter}>
      <input name="email" type="email" />
      <button>Keep me posted</button>
    </form>
  );
}
