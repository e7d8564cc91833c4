export type Entry = { id: string; userId: string; amount: number; memo: string };

export const entries: Entry[] = [];
