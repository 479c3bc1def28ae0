FROM python:3.12-slim
WORKDIR /app
ENV CIRCLECI_TOKEN=CCIPAT_{{rand:alnum:22}}_{{rand:hex:40}}
CMD ["python", "app.py"]
