import type { GetServerSideProps } from "next";
import { prisma } from "@/lib/prisma";

type Props = { project: { id: string; name: string } };

export const getServerSideProps: GetServerSideProps<Props> = async ({ params }) => {
  const project = await prisma.project.findUnique({ where: { id: String(params?.id) } });
  if (!project) return { notFound: true };
  return { props: { project: { id: project.id, name: project.name } } };
};

export default function ProjectPage({ project }: Props) {
  return <h1>{project.name}</h1>;
}
