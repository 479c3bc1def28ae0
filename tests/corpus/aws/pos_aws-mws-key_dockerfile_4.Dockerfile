FROM python:3.12-slim
WORKDIR /app
ENV MWS_AUTH_TOKEN=amzn.mws.{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}
CMD ["python", "app.py"]
