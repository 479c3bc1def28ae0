const config = {
  region: "eu-west-1",
  digitaloceanToken: "dop_v1_{{rand:hex:64}}",
};
module.exports = config;
