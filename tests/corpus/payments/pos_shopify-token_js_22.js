const config = {
  region: "eu-west-1",
  shopifyAccessToken: "shpat_{{rand:hex:32}}",
};
module.exports = config;
