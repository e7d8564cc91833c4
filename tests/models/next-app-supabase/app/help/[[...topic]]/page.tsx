export default async function HelpPage({ params }: { params: Promise<{ topic?: string[] }> }) {
  const { topic } = await params;
  return <article>{topic ? `Help on ${topic.join(" ")}` : "Help centre"}</article>;
}
