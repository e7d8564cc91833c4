"use client";

export default function WritePage() {
  return <form>{/* posts via api.post.create */}</form>;
}
