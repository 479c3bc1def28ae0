const config = {
  region: "eu-west-1",
  tailscaleAuthkey: "tskey-auth-k{{rand:alnum:9}}11CNTRL-{{rand:alnum:33}}",
};
module.exports = config;
