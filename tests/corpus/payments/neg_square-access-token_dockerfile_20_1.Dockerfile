FROM python:3.12-slim
WORKDIR /app
ENV SQUARE_ACCESS_TOKEN=<your-square-access-token>
CMD ["python", "app.py"]
