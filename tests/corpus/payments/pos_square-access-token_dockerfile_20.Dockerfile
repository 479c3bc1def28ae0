FROM python:3.12-slim
WORKDIR /app
ENV SQUARE_ACCESS_TOKEN=sq0atp-{{rand:base64url:22}}
CMD ["python", "app.py"]
