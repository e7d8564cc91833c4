export default function Home() {
  return <h1>Ledgerly: bookkeeping for freelancers</h1>;
}
