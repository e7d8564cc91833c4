"use client";

import { acceptInviteLink, createAccount, renameProject, wipeProjects } from "@/app/actions/projects";

export default function Settings() {
  return (
    <div>
      <button onClick={() => renameProject({ id: "p1", name: "New" })}>Rename</button>
      <button onClick={() => createAccount({ email: "a@b.co" })}>Sign up</button>
      <button onClick={() => acceptInviteLink({ token: "t".repeat(32) })}>Join</button>
      <button onClick={() => wipeProjects({ ownerId: "me" })}>Reset</button>
    </div>
  );
}
