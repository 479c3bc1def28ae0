const config = {
  region: "eu-west-1",
  dbPassword: "Password123!",
};
module.exports = config;
