const config = {
  region: "eu-west-1",
  sonarToken: "sqp_{{rand:hex:40}}",
};
module.exports = config;
