const config = {
  region: "eu-west-1",
  nugetApiKey: "oy2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};
module.exports = config;
