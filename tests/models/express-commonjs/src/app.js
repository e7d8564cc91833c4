const express = require("express");
const notes = require("./routes/notes");
const users = require("./routes/users");

const app = express();
app.use(express.json());
app.use("/api", notes);
app.use("/api", users);

module.exports = app;
