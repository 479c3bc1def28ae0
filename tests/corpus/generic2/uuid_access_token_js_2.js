const config = {
  region: "eu-west-1",
  accessToken: "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}",
};
module.exports = config;
