export default async function PublicForm({ params }: { params: Promise<{ formId: string }> }) {
  const { formId } = await params;
  return <form action={`/api/forms/${formId}/submit`} method="post" />;
}
