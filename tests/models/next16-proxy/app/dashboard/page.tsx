export default function Dashboard() {
  return <h1>Your books</h1>;
}
