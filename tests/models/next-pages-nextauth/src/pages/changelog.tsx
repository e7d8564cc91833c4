export default function Changelog() {
  return <h1>What's new</h1>;
}
