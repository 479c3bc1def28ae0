FROM python:3.12-slim
WORKDIR /app
ENV AWS_ACCESS_KEY_ID=ASIA{{rand:A-Z2-7:16}}
CMD ["python", "app.py"]
