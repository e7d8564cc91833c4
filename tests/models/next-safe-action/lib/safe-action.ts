import { createSafeActionClient } from "next-safe-action";
import { auth } from "./auth";

export const actionClient = createSafeActionClient();

export const authActionClient = actionClient.use(async ({ next }) => {
  const session = await auth();
  if (!session?.user?.id) {
    throw new Error("Unauthorized");
  }
  return next({ ctx: { userId: session.user.id } });
});

// For sign-up and the like: signed-in users are sent away.
export const guestActionClient = actionClient.use(async ({ next }) => {
  const session = await auth();
  if (session) {
    throw new Error("Already signed in");
  }
  return next();
});
