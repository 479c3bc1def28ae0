const config = {
  region: "eu-west-1",
  hfToken: "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};
module.exports = config;
