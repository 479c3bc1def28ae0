FROM python:3.12-slim
WORKDIR /app
ENV NUGET_API_KEY=oy2...
CMD ["python", "app.py"]
