const { expressjwt } = require("express-jwt");

const fromHeader = (req) => {
  const header = req.headers.authorization || "";
  return header.startsWith("Bearer ") ? header.slice(7) : null;
};

module.exports = {
  required: expressjwt({ secret: process.env.JWT_SECRET, algorithms: ["HS256"], getToken: fromHeader }),
  optional: expressjwt({ secret: process.env.JWT_SECRET, algorithms: ["HS256"], getToken: fromHeader, credentialsRequired: false }),
};
