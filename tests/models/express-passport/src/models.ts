import mongoose from "mongoose";

export const Invoice = mongoose.model("Invoice", new mongoose.Schema({ owner: String, total: Number }));
