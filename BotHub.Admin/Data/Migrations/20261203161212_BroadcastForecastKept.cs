using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class BroadcastForecastKept : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ForecastJson",
                table: "Broadcasts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ForecastJson",
                table: "Broadcasts");
        }
    }
}
