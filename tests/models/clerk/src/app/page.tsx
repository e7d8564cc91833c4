export default function Home() {
  return <h1>Formloop: forms that keep your data</h1>;
}
