const config = {
  region: "eu-west-1",
  vercelToken: "${VERCEL_TOKEN}",
};
module.exports = config;
