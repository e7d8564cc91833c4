export default async function DocPage({ params }: { params: Promise<{ slug: string[] }> }) {
  const { slug } = await params;
  return <article>Docs: {slug.join(" / ")}</article>;
}
